package io.gristmill.worker.mapoutput;

/** A stable merge sort of record indices, so the sort buffer orders records without boxing or objects per record. */
final class IndexSort {

  /** Orders two record indices. */
  @FunctionalInterface
  interface IndexComparator {
    int compare(int a, int b);
  }

  private IndexSort() {}

  /** Sorts {@code order[0..n)} by {@code comparator}; equal records keep their order. */
  static void sort(int[] order, int n, IndexComparator comparator) {
    int[] from = order;
    int[] to = new int[n];
    for (int width = 1; width < n; width *= 2) {
      for (int low = 0; low < n; low += 2 * width) {
        int mid = Math.min(low + width, n);
        int high = Math.min(low + 2 * width, n);
        int i = low;
        int j = mid;
        int k = low;
        while (i < mid && j < high) {
          to[k++] = comparator.compare(from[j], from[i]) < 0 ? from[j++] : from[i++];
        }
        while (i < mid) {
          to[k++] = from[i++];
        }
        while (j < high) {
          to[k++] = from[j++];
        }
      }
      int[] swap = from;
      from = to;
      to = swap;
    }
    if (from != order) {
      System.arraycopy(from, 0, order, 0, n);
    }
  }
}
