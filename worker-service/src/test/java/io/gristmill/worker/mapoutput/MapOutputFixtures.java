package io.gristmill.worker.mapoutput;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/** Writes map outputs of given bytes, for tests of what reads them. */
public final class MapOutputFixtures {

  private MapOutputFixtures() {}

  /** Writes {@code partitions} as an indexed map output into a staging directory. */
  public static void write(Path staging, byte[]... partitions) throws IOException {
    Path data = staging.resolve(MapOutputStore.DATA_FILE);
    List<Segment> segments = new ArrayList<>();
    long offset = 0;
    try (OutputStream out = Files.newOutputStream(data)) {
      for (byte[] partition : partitions) {
        CRC32C crc = new CRC32C();
        crc.update(partition);
        segments.add(new Segment(data, offset, partition.length, (int) crc.getValue()));
        out.write(partition);
        offset += partition.length;
      }
    }
    MapOutputIndex.write(staging.resolve(MapOutputStore.INDEX_FILE), segments);
  }

  /** Where one partition lies in the map output written into {@code dir}. */
  public static Segment segment(Path dir, int partition) throws IOException {
    return MapOutputIndex.read(dir.resolve(MapOutputStore.INDEX_FILE), dir.resolve(MapOutputStore.DATA_FILE),
        partition);
  }

  /** The data file of a published attempt. */
  public static Path dataFile(Path workDir, String attemptId) {
    return workDir.resolve(attemptId).resolve(MapOutputStore.DATA_FILE);
  }
}
