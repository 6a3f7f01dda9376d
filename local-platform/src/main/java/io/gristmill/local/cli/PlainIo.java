package io.gristmill.local.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** The plain-file references for storage: what the same bytes cost without a platform in the way. */
public final class PlainIo {

  private PlainIo() {}

  /**
   * Copies every file {@code copies} times into {@code scratch} (as three replicas would be written), then
   * deletes the copies. With {@code force}, each copy is forced to disk before the next begins, as a storage node
   * forces a replica before it is acknowledged; without, the copies may never leave the page cache. Returns the
   * bytes of one pass over the files, which is what an upload moves.
   */
  public static long copy(List<Path> files, int copies, Path scratch, boolean force) throws IOException {
    Files.createDirectories(scratch);
    long bytes = 0;
    try {
      for (Path file : files) {
        for (int c = 0; c < copies; c++) {
          Path copy = scratch.resolve(c + "-" + file.getFileName());
          Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
          if (force) {
            try (FileChannel channel = FileChannel.open(copy, StandardOpenOption.WRITE)) {
              channel.force(true);
            }
          }
        }
        bytes += Files.size(file);
      }
    } finally {
      for (Path file : files) {
        for (int c = 0; c < copies; c++) {
          Files.deleteIfExists(scratch.resolve(c + "-" + file.getFileName()));
        }
      }
    }
    return bytes;
  }

  /** Reads every byte of the files through a 1 MiB buffer; returns how many were read. */
  public static long read(List<Path> files) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    long bytes = 0;
    for (Path file : files) {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        int n;
        while ((n = channel.read(buffer.clear())) >= 0) {
          bytes += n;
        }
      }
    }
    return bytes;
  }
}
