package io.gristmill.jobs.job;

import io.gristmill.jobs.system.InvalidRequestException;
import java.util.Map;

/**
 * Where a job's map outputs live until its reduces have read them, chosen by the job parameter {@value #PARAM}.
 * {@link #LOCAL}, the default, keeps them on the map worker's disk as in the MapReduce paper: cheap, but a worker
 * lost before the reduces fetch takes them along. {@link #STORAGE} writes them to the storage service, so reduces
 * read them whether or not the map workers are still up.
 */
public enum IntermediateData {
  LOCAL("local"),
  STORAGE("storage");

  /** The job parameter that chooses. */
  public static final String PARAM = "intermediate";

  private final String wireName;

  IntermediateData(String wireName) {
    this.wireName = wireName;
  }

  /**
   * The choice the parameters make; {@link #LOCAL} when they make none.
   *
   * @throws InvalidRequestException for any other value
   */
  public static IntermediateData of(Map<String, String> params) {
    String value = params.get(PARAM);
    if (value == null) {
      return LOCAL;
    }
    for (IntermediateData choice : values()) {
      if (choice.wireName.equals(value)) {
        return choice;
      }
    }
    throw new InvalidRequestException(
        "params." + PARAM + " must be 'local' or 'storage', got '" + value + "'");
  }
}
