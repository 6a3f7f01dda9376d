package io.gristmill.mapreduce;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Optional;

/**
 * The classes that make up a job: a {@link Mapper}, a {@link Reducer}, and optionally a {@link Combiner} and a
 * {@link Partitioner} (default {@link HashPartitioner}). Each task makes fresh instances through the public
 * no-argument constructors. Run it with {@link LocalRunner} in a test; on the platform, a job of type {@code custom}
 * names the same classes.
 *
 * <pre>{@code
 * JobDefinition job = JobDefinition.of(Tokenizer.class, Sum.class).withCombiner(SumCombiner.class);
 * LocalResult result = LocalRunner.run(job, List.of(Path.of("input.txt")), 2, Map.of());
 * }</pre>
 */
public final class JobDefinition {

  private final Class<?> mapper;
  private final Class<?> reducer;
  private final Class<?> combiner;
  private final Class<?> partitioner;

  private JobDefinition(Class<?> mapper, Class<?> reducer, Class<?> combiner, Class<?> partitioner) {
    this.mapper = mapper;
    this.reducer = reducer;
    this.combiner = combiner;
    this.partitioner = partitioner;
  }

  /** A job of {@code mapper} and {@code reducer}, with no combiner and the hash partitioner. */
  public static JobDefinition of(Class<? extends Mapper<?, ?>> mapper, Class<? extends Reducer<?, ?, ?, ?>> reducer) {
    return new JobDefinition(checked("mapper", mapper, Mapper.class), checked("reducer", reducer, Reducer.class),
        null, null);
  }

  /** This job with a combiner. */
  public JobDefinition withCombiner(Class<? extends Combiner<?, ?>> combiner) {
    return new JobDefinition(mapper, reducer, checked("combiner", combiner, Combiner.class), partitioner);
  }

  /** This job with a partitioner instead of {@link HashPartitioner}. */
  public JobDefinition withPartitioner(Class<? extends Partitioner<?>> partitioner) {
    return new JobDefinition(mapper, reducer, combiner, checked("partitioner", partitioner, Partitioner.class));
  }

  /**
   * The job whose classes {@code loader} finds under these names; {@code combiner} and {@code partitioner} may be
   * null or empty.
   *
   * @throws JobClassException when a class is missing or does not implement its interface
   */
  public static JobDefinition load(ClassLoader loader, String mapper, String reducer, String combiner,
      String partitioner) {
    return new JobDefinition(
        find(loader, "mapper", mapper, Mapper.class),
        find(loader, "reducer", reducer, Reducer.class),
        isBlank(combiner) ? null : find(loader, "combiner", combiner, Combiner.class),
        isBlank(partitioner) ? null : find(loader, "partitioner", partitioner, Partitioner.class));
  }

  /** A new mapper. @throws JobClassException when it cannot be made */
  public Mapper<Object, Object> newMapper() {
    return cast(instantiate("mapper", mapper));
  }

  /** A new reducer. @throws JobClassException when it cannot be made */
  public Reducer<Object, Object, Object, Object> newReducer() {
    return cast(instantiate("reducer", reducer));
  }

  /** A new combiner, if the job has one. @throws JobClassException when it cannot be made */
  public Optional<Combiner<Object, Object>> newCombiner() {
    return combiner == null ? Optional.empty() : Optional.of(cast(instantiate("combiner", combiner)));
  }

  /** A new partitioner, the hash partitioner by default. @throws JobClassException when it cannot be made */
  public Partitioner<Object> newPartitioner() {
    return partitioner == null ? new HashPartitioner() : cast(instantiate("partitioner", partitioner));
  }

  public String mapperName() {
    return mapper.getName();
  }

  public String reducerName() {
    return reducer.getName();
  }

  public Optional<String> combinerName() {
    return Optional.ofNullable(combiner).map(Class::getName);
  }

  @SuppressWarnings("unchecked")
  private static <T> T cast(Object o) {
    return (T) o;
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static Class<?> checked(String role, Class<?> type, Class<?> api) {
    if (type == null) {
      throw new NullPointerException("the " + role + " class must be given");
    }
    if (!api.isAssignableFrom(type)) {
      throw new JobClassException(
          role + " class '" + type.getName() + "' does not implement " + api.getName(), null);
    }
    return type;
  }

  private static Class<?> find(ClassLoader loader, String role, String name, Class<?> api) {
    if (isBlank(name)) {
      throw new JobClassException("the " + role + " class must be named", null);
    }
    Class<?> type;
    try {
      type = Class.forName(name, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new JobClassException(role + " class '" + name + "' not found: " + e, e);
    }
    return checked(role, type, api);
  }

  private static Object instantiate(String role, Class<?> type) {
    if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
      throw new JobClassException(role + " class '" + type.getName() + "' must be public and not abstract", null);
    }
    Constructor<?> constructor;
    try {
      constructor = type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new JobClassException(
          role + " class '" + type.getName() + "' has no public no-argument constructor", e);
    }
    try {
      return constructor.newInstance();
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new JobClassException(
          "the constructor of " + role + " class '" + type.getName() + "' threw " + cause, cause);
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new JobClassException(role + " class '" + type.getName() + "' cannot be instantiated: " + e, e);
    }
  }
}
