package io.gristmill.bench.corpus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The words of the corpus in rank order with Zipf frequencies: the commonest English words first (so the head of
 * the distribution looks like English), then made-up words built from English-like syllables, a few of them with
 * letters outside ASCII (accents, Greek, Cyrillic) so that the non-ASCII path of a tokeniser is exercised at a
 * realistic rate. Immutable and deterministic for a seed.
 */
final class Vocabulary {

  /** Distinct words; about what a large English text collection shows before its long tail of typos and names. */
  static final int SIZE = 60_000;
  /** Zipf exponent; English prose measures close to 1. */
  static final double EXPONENT = 1.05;

  private static final String[] COMMON = ("the of and to a in that is was he for it with as his on be at by i this "
      + "had not are but from or have an they which one you were her all she there would their we him been has "
      + "when who will more no if out so said what up its about into than them can only other new some could "
      + "time these two may then do first any my now such like our over man me even most made after also did "
      + "many before must through back years where much your way well down should because each just those people "
      + "how too little state good very make world still own see men work long get here between both life being "
      + "under never day same another know while last might us great old year off come since against go came "
      + "right used take three house water river mill grain stone wheel miller flour bread harvest field").split(" ");
  private static final String[] ONSETS = {"", "b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "v",
      "w", "br", "ch", "cl", "cr", "dr", "fl", "gr", "pl", "pr", "sh", "sl", "sp", "st", "str", "th", "tr", "wh"};
  private static final String[] NUCLEI = {"a", "e", "i", "o", "u", "ai", "ea", "ee", "oo", "ou", "y", "ie", "oa"};
  private static final String[] CODAS = {"", "", "", "n", "r", "s", "t", "d", "l", "m", "ng", "nd", "st", "ck",
      "ll", "rt", "sh", "th", "ss", "nt"};
  private static final String[] FOREIGN = {"café", "naïve", "façade", "über", "straße", "größe", "mañana",
      "señor", "fiancée", "smörgåsbord", "déjà", "œuvre", "λόγος", "σοφία", "οδός", "мельница", "зерно",
      "ǆungla", "İstanbul", "øre"};

  private final byte[][] lower;
  private final byte[][] capitalised;
  private final double[] cumulative;

  Vocabulary(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<String> words = new ArrayList<>(SIZE);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String w : COMMON) {
      if (seen.add(w)) {
        words.add(w);
      }
    }
    while (words.size() < SIZE) {
      String w = random.nextInt(100) == 0 ? foreign(random) : madeUp(random);
      if (seen.add(w)) {
        words.add(w);
      }
    }
    lower = new byte[SIZE][];
    capitalised = new byte[SIZE][];
    cumulative = new double[SIZE];
    double sum = 0;
    for (int rank = 0; rank < SIZE; rank++) {
      String w = words.get(rank);
      lower[rank] = w.getBytes(StandardCharsets.UTF_8);
      String cap = w.substring(0, w.offsetByCodePoints(0, 1)).toUpperCase(Locale.ROOT)
          + w.substring(w.offsetByCodePoints(0, 1));
      capitalised[rank] = cap.getBytes(StandardCharsets.UTF_8);
      sum += 1.0 / StrictMath.pow(rank + 1, EXPONENT); // StrictMath: the same bits on every JVM
      cumulative[rank] = sum;
    }
    for (int rank = 0; rank < SIZE; rank++) {
      cumulative[rank] /= sum;
    }
  }

  /** A word rank drawn from the Zipf distribution. */
  int sample(SplittableRandom random) {
    int i = Arrays.binarySearch(cumulative, random.nextDouble());
    return Math.min(SIZE - 1, i >= 0 ? i : -i - 1);
  }

  byte[] lower(int rank) {
    return lower[rank];
  }

  byte[] capitalised(int rank) {
    return capitalised[rank];
  }

  private static String madeUp(SplittableRandom random) {
    int syllables = 1 + random.nextInt(3) + (random.nextInt(4) == 0 ? 1 : 0);
    StringBuilder b = new StringBuilder();
    for (int s = 0; s < syllables; s++) {
      b.append(pick(random, ONSETS)).append(pick(random, NUCLEI)).append(pick(random, CODAS));
    }
    return b.toString();
  }

  /** A foreign word, sometimes with an English-like ending so that these too have many distinct forms. */
  private static String foreign(SplittableRandom random) {
    String base = pick(random, FOREIGN);
    return random.nextBoolean() ? base : base + pick(random, NUCLEI) + pick(random, CODAS);
  }

  private static String pick(SplittableRandom random, String[] options) {
    return options[random.nextInt(options.length)];
  }
}
