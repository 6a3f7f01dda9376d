package io.gristmill.worker.fakes;

import static org.assertj.core.api.Assertions.assertThat;

import io.gristmill.mapreduce.Mapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Job jars built during a test: sources compiled against the public API with the JDK's compiler, then packaged. */
public final class TestJars {

  private TestJars() {}

  /** Compiles {@code sources} (path in the jar's source tree to Java text) and returns the jar's bytes. */
  public static byte[] compile(Map<String, String> sources) throws IOException {
    Path dir = Files.createTempDirectory("test-jar-");
    Path classes = Files.createDirectories(dir.resolve("classes"));
    List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString(), "-cp",
        Path.of(Mapper.class.getProtectionDomain().getCodeSource().getLocation().getPath()).toString()));
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = dir.resolve("src").resolve(source.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      args.add(file.toString());
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    assertThat(compiler.run(null, null, errors, args.toArray(String[]::new))).as(errors.toString()).isZero();
    ByteArrayOutputStream jar = new ByteArrayOutputStream();
    try (JarOutputStream out = new JarOutputStream(jar); Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(file));
        out.closeEntry();
      }
    }
    return jar.toByteArray();
  }

  /**
   * A word-tagging job whose every class is named the same in every jar made by this method: {@code ext.Tag} maps
   * each line to ({@code ext.Version.NAME}, 1), {@code ext.Sum} adds the ones up. Only {@code Version} differs.
   */
  public static byte[] taggingJob(String version) throws IOException {
    return compile(Map.of(
        "ext/Version.java", """
            package ext;
            public class Version {
              public static String name() { return "%s"; }
            }
            """.formatted(version),
        "ext/Tag.java", """
            package ext;
            import io.gristmill.mapreduce.*;
            public class Tag implements Mapper<String, Long> {
              public void map(InputLine line, MapContext<String, Long> context) {
                context.emit(Version.name(), 1L);
              }
              public Serde<String> keySerde() { return Serdes.utf8(); }
              public Serde<Long> valueSerde() { return Serdes.longs(); }
            }
            """,
        "ext/Sum.java", """
            package ext;
            import io.gristmill.mapreduce.*;
            public class Sum implements Reducer<String, Long, String, Long> {
              public void reduce(String key, Iterable<Long> values, ReduceContext<String, Long> context) {
                long total = 0;
                for (long v : values) total += v;
                context.write(key, total);
              }
            }
            """,
        "ext/Fragile.java", """
            package ext;
            public class Fragile extends Tag {
              public Fragile() { throw new IllegalStateException("no settings for " + Version.name()); }
            }
            """));
  }
}
