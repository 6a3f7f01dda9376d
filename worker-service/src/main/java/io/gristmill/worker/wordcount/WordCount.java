package io.gristmill.worker.wordcount;

import io.gristmill.worker.job.JobType;
import io.gristmill.worker.job.MapFunction;
import io.gristmill.worker.job.ReduceFunction;
import java.util.Map;

/**
 * Word count: map output is (word as UTF-8, count as varint) with counts combined per map task; the output is one
 * line {@code word<TAB>count} per word. Words follow {@link io.gristmill.text.Words}.
 */
public final class WordCount implements JobType {

  public static final String NAME = "wordcount";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public MapFunction newMapFunction(Map<String, String> params) {
    return new WordCountMapper();
  }

  @Override
  public ReduceFunction newReduceFunction(Map<String, String> params) {
    return new WordCountReducer();
  }
}
