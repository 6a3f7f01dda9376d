package io.gristmill.local.cli;

import java.util.Comparator;

/** One line of a word-count result. */
record WordCount(String word, long count) {

  /** Most frequent first; equal counts in word order, so the ranking is deterministic. */
  static final Comparator<WordCount> BY_FREQUENCY =
      Comparator.comparingLong(WordCount::count).reversed().thenComparing(WordCount::word);
}
