package io.gristmill.worker.mapoutput;

import java.nio.file.Path;

/**
 * One partition's bytes within a map output file.
 *
 * @param file the file
 * @param offset first byte
 * @param length bytes
 * @param crc32c CRC32C of those bytes, checked whenever they are read back
 */
public record Segment(Path file, long offset, long length, int crc32c) {}
