package com.example;

import io.gristmill.mapreduce.Combiner;
import io.gristmill.mapreduce.Emitter;
import io.gristmill.mapreduce.ReduceContext;
import io.gristmill.mapreduce.Reducer;

/** Sums a key's values; also its combiner, since a sum may be taken in parts. */
public class Sum implements Reducer<String, Long, String, Long>, Combiner<String, Long> {

  @Override
  public void reduce(String key, Iterable<Long> values, ReduceContext<String, Long> context) {
    context.write(key, total(values));
  }

  @Override
  public void combine(String key, Iterable<Long> values, Emitter<String, Long> out) {
    out.emit(key, total(values));
  }

  private static long total(Iterable<Long> values) {
    long total = 0;
    for (long v : values) {
      total += v;
    }
    return total;
  }
}
