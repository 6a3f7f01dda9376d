package io.gristmill.worker.split;

import java.io.IOException;

/** Receives each line of a split without its {@code '\n'}; the bytes are only valid during the call. */
@FunctionalInterface
public interface LineConsumer {

  void accept(byte[] bytes, int offset, int length) throws IOException;
}
