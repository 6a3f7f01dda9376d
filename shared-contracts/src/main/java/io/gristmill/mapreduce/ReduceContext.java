package io.gristmill.mapreduce;

/**
 * A reduce task's context: parameters, counters, and {@link #write} for the job's output. Each written pair
 * becomes one line {@code key<TAB>value} of the partition's {@code part-r-NNNNN}, the way Hadoop's
 * TextOutputFormat writes it: both sides as {@link String#valueOf(Object)} in UTF-8, a {@code byte[]} as its raw
 * bytes. A key or value must not contain a newline.
 */
public interface ReduceContext<KO, VO> extends TaskContext {

  void write(KO key, VO value);
}
