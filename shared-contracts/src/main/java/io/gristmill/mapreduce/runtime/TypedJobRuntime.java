package io.gristmill.mapreduce.runtime;

import io.gristmill.mapreduce.Combiner;
import io.gristmill.mapreduce.Counter;
import io.gristmill.mapreduce.Counters;
import io.gristmill.mapreduce.InputLine;
import io.gristmill.mapreduce.JobDefinition;
import io.gristmill.mapreduce.JobParameters;
import io.gristmill.mapreduce.MapContext;
import io.gristmill.mapreduce.Mapper;
import io.gristmill.mapreduce.Partitioner;
import io.gristmill.mapreduce.ReduceContext;
import io.gristmill.mapreduce.Reducer;
import io.gristmill.mapreduce.Serde;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Runs a {@link JobDefinition}'s typed classes on the byte-level engine: serializes what the mapper emits with its
 * serdes, partitions with the job's partitioner, and deserializes for the combiner and the reducer. An exception
 * from the job's code becomes a {@link UserCodeException} naming the class and the record (file and byte offset
 * for a mapper, key for a combiner or reducer).
 */
public final class TypedJobRuntime implements JobRuntime {

  private final JobDefinition job;

  public TypedJobRuntime(JobDefinition job) {
    this.job = job;
  }

  @Override
  public RawMapper mapper(TaskEnvironment environment, MapCollector out) throws Exception {
    Mapper<Object, Object> mapper = job.newMapper();
    Partitioner<Object> partitioner = job.newPartitioner();
    Serde<Object> keys = mapper.keySerde();
    Serde<Object> values = mapper.valueSerde();
    int reducers = environment.reducers();
    String name = mapper.getClass().getName();
    MapContext<Object, Object> context = new TypedMapContext(environment, (key, value) -> {
      byte[] keyBytes = keys.toBytes(key);
      int partition = partitioner.partition(key, keyBytes, reducers);
      if (partition < 0 || partition >= reducers) {
        throw new UserCodeException("partitioner " + partitioner.getClass().getName() + " returned partition "
            + partition + " for " + reducers + " reducers", null);
      }
      out.collect(partition, keyBytes, values.toBytes(value));
    });
    String where = "file '" + environment.fileName() + "'";
    call(() -> mapper.setup(context), "mapper " + name + " failed in setup for " + where);
    return new RawMapper() {
      @Override
      public void map(long offset, byte[] line, int start, int length) {
        // A CR before the LF belongs to the line ending, as in Hadoop's LineRecordReader.
        int n = length > 0 && line[start + length - 1] == '\r' ? length - 1 : length;
        InputLine input = new InputLine(environment.fileName(), offset, line, start, n);
        call(() -> mapper.map(input, context),
            "mapper " + name + " failed on the record at byte offset " + offset + " of " + where);
      }

      @Override
      public void finish() {
        call(() -> mapper.cleanup(context), "mapper " + name + " failed in cleanup for " + where);
      }
    };
  }

  @Override
  public Optional<RawCombiner> combiner(TaskEnvironment environment) throws Exception {
    Optional<Combiner<Object, Object>> found = job.newCombiner();
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Combiner<Object, Object> combiner = found.get();
    // The combiner's types are the map output's: the serdes come from a mapper of the same job.
    Mapper<Object, Object> mapper = job.newMapper();
    Serde<Object> keys = mapper.keySerde();
    Serde<Object> values = mapper.valueSerde();
    String name = combiner.getClass().getName();
    return Optional.of((key, serialized, out) -> call(() -> combiner.combine(keys.fromBytes(key.clone()),
        once(serialized, values), (k, v) -> {
          byte[] keyBytes = keys.toBytes(k);
          if (!Arrays.equals(keyBytes, key)) {
            throw new UserCodeException("combiner " + name + " emitted key " + describe(keyBytes)
                + " while combining key " + describe(key) + "; a combiner must keep the key", null);
          }
          out.write(keyBytes, values.toBytes(v));
        }), "combiner " + name + " failed on key " + describe(key)));
  }

  @Override
  public RawReducer reducer(TaskEnvironment environment, RecordSink out) throws Exception {
    Reducer<Object, Object, Object, Object> reducer = job.newReducer();
    Mapper<Object, Object> mapper = job.newMapper();
    Serde<Object> keys = mapper.keySerde();
    Serde<Object> values = mapper.valueSerde();
    String name = reducer.getClass().getName();
    ReduceContext<Object, Object> context = new TypedReduceContext(environment, out);
    call(() -> reducer.setup(context), "reducer " + name + " failed in setup");
    return new RawReducer() {
      @Override
      public void reduce(byte[] key, Iterator<byte[]> serialized) {
        call(() -> reducer.reduce(keys.fromBytes(key.clone()), once(serialized, values), context),
            "reducer " + name + " failed on key " + describe(key));
      }

      @Override
      public void finish() {
        call(() -> reducer.cleanup(context), "reducer " + name + " failed in cleanup");
      }
    };
  }

  /** The key as text for an error message, cut short. */
  static String describe(byte[] key) {
    String text = new String(key, 0, Math.min(key.length, 100), StandardCharsets.UTF_8);
    return "'" + text + (key.length > 100 ? "…" : "") + "'";
  }

  private static Iterable<Object> once(Iterator<byte[]> serialized, Serde<Object> serde) {
    boolean[] used = {false};
    return () -> {
      if (used[0]) {
        throw new IllegalStateException("the values of a key can be iterated only once");
      }
      used[0] = true;
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return serialized.hasNext();
        }

        @Override
        public Object next() {
          if (!serialized.hasNext()) {
            throw new NoSuchElementException();
          }
          return serde.fromBytes(serialized.next());
        }
      };
    };
  }

  private interface UserCall {
    void run() throws Exception;
  }

  private static void call(UserCall call, String failure) {
    try {
      call.run();
    } catch (UserCodeException e) {
      throw e;
    } catch (Exception | LinkageError | StackOverflowError e) {
      throw new UserCodeException(failure + ": " + e, e);
    }
  }

  private abstract static class BaseContext {
    private final TaskEnvironment environment;

    BaseContext(TaskEnvironment environment) {
      this.environment = environment;
    }

    public JobParameters parameters() {
      return environment.parameters();
    }

    public Counter counter(String name) {
      return environment.counters().get(Counters.USER_PREFIX + name);
    }

    public int reducers() {
      return environment.reducers();
    }
  }

  private static final class TypedMapContext extends BaseContext implements MapContext<Object, Object> {
    private final io.gristmill.mapreduce.Emitter<Object, Object> emitter;

    TypedMapContext(TaskEnvironment environment, io.gristmill.mapreduce.Emitter<Object, Object> emitter) {
      super(environment);
      this.emitter = emitter;
    }

    @Override
    public void emit(Object key, Object value) {
      emitter.emit(key, value);
    }
  }

  private static final class TypedReduceContext extends BaseContext implements ReduceContext<Object, Object> {
    private final RecordSink out;

    TypedReduceContext(TaskEnvironment environment, RecordSink out) {
      super(environment);
      this.out = out;
    }

    @Override
    public void write(Object key, Object value) {
      out.write(TextOutput.bytes(key), TextOutput.bytes(value));
    }
  }
}
