package io.gristmill.worker.artifact;

/**
 * The parent of every artifact's class loader: it exposes the JDK and the public MapReduce API (and the word
 * semantics it builds on), nothing of the worker itself, so a job's jar can neither see nor clash with the
 * worker's libraries, and two jobs' jars never see each other.
 */
final class ApiOnlyClassLoader extends ClassLoader {

  private static final String[] VISIBLE = {"io.gristmill.mapreduce.", "io.gristmill.text."};

  private final ClassLoader api;

  ApiOnlyClassLoader(ClassLoader api) {
    super("gristmill-api", ClassLoader.getPlatformClassLoader());
    this.api = api;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    for (String prefix : VISIBLE) {
      if (name.startsWith(prefix)) {
        return api.loadClass(name);
      }
    }
    return super.loadClass(name, resolve);
  }
}
