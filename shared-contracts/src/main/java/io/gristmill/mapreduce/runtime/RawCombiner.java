package io.gristmill.mapreduce.runtime;

import java.io.IOException;
import java.util.Iterator;

/** Folds one key's serialized values into fewer, writing records with the same key. */
@FunctionalInterface
public interface RawCombiner {

  void combine(byte[] key, Iterator<byte[]> values, RecordSink out) throws IOException;
}
