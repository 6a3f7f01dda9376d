package io.gristmill.worker.dispatch;

import io.gristmill.contracts.job.v1.CustomJob;
import io.gristmill.contracts.job.v1.MapOutputLocation;
import io.gristmill.contracts.job.v1.MapSpec;
import io.gristmill.contracts.job.v1.TaskAssignment;
import io.gristmill.worker.job.CustomCode;
import io.gristmill.worker.shuffle.MapOutputSource;
import io.gristmill.worker.split.Split;
import io.gristmill.worker.task.MapTask;
import io.gristmill.worker.task.ReduceTask;
import io.gristmill.worker.task.Task;
import io.gristmill.worker.task.TaskIds;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maps the wire form of an assignment to the engine's, rejecting one that cannot be run. */
final class Assignments {

  /** The job parameter that moves intermediate data to the storage service; the job service validates it. */
  static final String INTERMEDIATE_PARAM = "intermediate";

  private Assignments() {}

  static TaskIds ids(TaskAssignment assignment) {
    return new TaskIds(assignment.getJobId(), assignment.getTaskId(), assignment.getAttemptId());
  }

  static Task toTask(TaskAssignment assignment) {
    TaskIds ids = ids(assignment);
    Map<String, String> params = Map.copyOf(assignment.getParamsMap());
    return switch (assignment.getKind()) {
      case TASK_KIND_MAP -> {
        if (!assignment.hasMap()) {
          throw new IllegalArgumentException("map task " + ids.taskId() + " carries no map spec");
        }
        MapSpec spec = assignment.getMap();
        yield new MapTask(ids, assignment.getJobType(), params, custom(assignment), assignment.getIndex(),
            assignment.getReducers(), spec.getFileId(), spec.getFileName(),
            new Split(spec.getOffset(), spec.getLength(), spec.getFileSize()),
            "storage".equals(params.get(INTERMEDIATE_PARAM)));
      }
      case TASK_KIND_REDUCE -> {
        if (!assignment.hasReduce()) {
          throw new IllegalArgumentException("reduce task " + ids.taskId() + " carries no reduce spec");
        }
        List<MapOutputSource> sources = assignment.getReduce().getMapOutputsList().stream()
            .map(Assignments::source)
            .toList();
        yield new ReduceTask(ids, assignment.getJobType(), params, custom(assignment), assignment.getIndex(),
            assignment.getReducers(), sources);
      }
      default -> throw new IllegalArgumentException(
          "task " + ids.taskId() + " has kind " + assignment.getKind() + ", neither map nor reduce");
    };
  }

  private static Optional<CustomCode> custom(TaskAssignment assignment) {
    if (!assignment.hasCustom()) {
      return Optional.empty();
    }
    CustomJob custom = assignment.getCustom();
    return Optional.of(new CustomCode(custom.getArtifactId(), custom.getArtifactSha256(), custom.getMapperClass(),
        custom.getReducerClass(), custom.getCombinerClass(), custom.getPartitionerClass()));
  }

  private static MapOutputSource source(MapOutputLocation location) {
    return new MapOutputSource(location.getMapIndex(), location.getAttemptId(), location.getShuffleAddress(),
        location.getIntermediateFileId());
  }
}
