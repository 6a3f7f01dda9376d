package io.gristmill.worker.split;

/**
 * What a split read.
 *
 * @param lines lines yielded
 * @param bytes bytes of those lines including their {@code '\n'}; over all splits of a file they add up to its size
 */
public record SplitStats(long lines, long bytes) {}
