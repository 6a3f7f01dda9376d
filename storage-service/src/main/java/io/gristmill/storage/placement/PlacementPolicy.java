package io.gristmill.storage.placement;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Chooses nodes for new replicas the way GFS does, one replica at a time: first a failure domain (zone) that holds
 * no replica of the chunk yet, then a node that has not taken too many new replicas lately (so a new, empty node
 * is filled gradually rather than swamped), then a node with below-average disk use, then the fewest recent
 * creations and the lowest use; remaining ties are broken at random so equal nodes share the load.
 */
public final class PlacementPolicy {

  private final int maxRecentCreations;
  private final Random random;

  public PlacementPolicy(int maxRecentCreations, Random random) {
    this.maxRecentCreations = maxRecentCreations;
    this.random = random;
  }

  /**
   * Up to {@code count} distinct nodes from {@code candidates}, best first, never one in {@code excluded}.
   * {@code preferred} (the writing node, when it is a candidate) goes first if its zone is free and it is not
   * over its creation limit: its replica costs no network hop.
   */
  public List<Candidate> choose(List<Candidate> candidates, int count, Set<String> excluded,
      Collection<String> zonesInUse, String preferred) {
    List<Candidate> pool = new ArrayList<>(candidates.stream()
        .filter(c -> !excluded.contains(c.id()) && c.hasRoom()).toList());
    double average = pool.stream().mapToDouble(Candidate::usage).average().orElse(0);
    Set<String> zones = new HashSet<>(zonesInUse);
    List<Candidate> chosen = new ArrayList<>();
    while (chosen.size() < count && !pool.isEmpty()) {
      Candidate next = pool.stream()
          .filter(c -> c.id().equals(preferred) && !zones.contains(c.zone()) && !busy(c))
          .findFirst()
          .orElseGet(() -> best(pool, zones, average));
      chosen.add(next);
      pool.remove(next);
      zones.add(next.zone());
    }
    return chosen;
  }

  private Candidate best(List<Candidate> pool, Set<String> zones, double average) {
    List<Candidate> shuffled = new ArrayList<>(pool);
    java.util.Collections.shuffle(shuffled, random);
    return shuffled.stream().min(Comparator
            .comparing((Candidate c) -> zones.contains(c.zone()))
            .thenComparing(this::busy)
            .thenComparing(c -> c.usage() > average)
            .thenComparingInt(Candidate::recentCreations)
            .thenComparingDouble(Candidate::usage))
        .orElseThrow();
  }

  private boolean busy(Candidate c) {
    return c.recentCreations() >= maxRecentCreations;
  }
}
