package io.gristmill.jobs.task;

import io.gristmill.jobs.worker.Worker;
import io.gristmill.jobs.worker.WorkerRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads a job's tasks with their attempts: three queries whatever the number of tasks. */
@Service
public class TaskQueries {

  private final TaskRepository tasks;
  private final AttemptRepository attempts;
  private final WorkerRepository workers;

  TaskQueries(TaskRepository tasks, AttemptRepository attempts, WorkerRepository workers) {
    this.tasks = tasks;
    this.attempts = attempts;
    this.workers = workers;
  }

  /** Maps by index, then reduces by index; an unknown job simply has none (the caller checks it exists). */
  @Transactional(readOnly = true)
  public List<TaskDetail> tasksOf(UUID jobId) {
    List<Task> all = new ArrayList<>(tasks.findByJobIdAndKindOrderByIndex(jobId, TaskKind.MAP));
    all.addAll(tasks.findByJobIdAndKindOrderByIndex(jobId, TaskKind.REDUCE));
    Map<UUID, List<Attempt>> byTask = attempts.findByTaskIdInOrderByStartedAtAscIdAsc(
            all.stream().map(Task::id).toList()).stream()
        .collect(Collectors.groupingBy(Attempt::taskId));
    Map<UUID, String> hosts = workers.findAllById(byTask.values().stream().flatMap(List::stream)
            .map(Attempt::workerId).distinct().toList()).stream()
        .collect(Collectors.toMap(Worker::id, Worker::host));
    return all.stream().map(task -> detail(task, byTask.getOrDefault(task.id(), List.of()), hosts)).toList();
  }

  private static TaskDetail detail(Task task, List<Attempt> attempts, Map<UUID, String> hosts) {
    List<TaskDetail.AttemptDetail> details = attempts.stream()
        .sorted(Comparator.comparing(Attempt::startedAt).thenComparing(Attempt::id))
        .map(a -> new TaskDetail.AttemptDetail(a.id(), a.workerId(), hosts.getOrDefault(a.workerId(), ""),
            a.status(), a.shownStartedAt(), a.shownFinishedAt(), a.error(), a.stackTrace(), a.isBackup(),
            Map.copyOf(a.counters())))
        .toList();
    return new TaskDetail(task, details);
  }
}
