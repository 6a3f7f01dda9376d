package io.gristmill.jobs.job;

import io.gristmill.jobs.system.InvalidRequestException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Pages through jobs, newest first. The page token is the offset of the page's first job: simple and stable
 * enough for people paging a dashboard (a job submitted meanwhile shifts later pages by one).
 */
@Service
public class JobListing {

  /** Largest page a caller may ask for. */
  public static final int MAX_PAGE_SIZE = 1000;

  private final JobRepository jobs;
  private final JobQueries queries;

  JobListing(JobRepository jobs, JobQueries queries) {
    this.jobs = jobs;
    this.queries = queries;
  }

  /**
   * @param owner only this owner's jobs; empty for all
   * @param type only this type; empty for all
   * @param statuses only these; empty for all
   */
  public record Filter(String owner, String type, Set<JobStatus> statuses) {}

  /** One page and the token of the next one (empty on the last page). */
  public record JobPage(List<JobView> jobs, String nextPageToken, long total) {}

  @Transactional(readOnly = true)
  public JobPage list(Filter filter, int pageSize, String pageToken) {
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new InvalidRequestException(
          "page size must be between 1 and " + MAX_PAGE_SIZE + ", got " + pageSize);
    }
    long offset = offset(pageToken);
    if (offset % pageSize != 0) {
      throw new InvalidRequestException("page token '" + pageToken + "' does not fit page size " + pageSize);
    }
    Set<JobStatus> statuses = filter.statuses().isEmpty() ? EnumSet.allOf(JobStatus.class) : filter.statuses();
    Page<Job> page = jobs.list(blankToNull(filter.owner()), blankToNull(filter.type()), statuses,
        PageRequest.of((int) (offset / pageSize), pageSize));
    List<JobView> views = page.getContent().stream().map(this::view).toList();
    String next = page.hasNext() ? Long.toString(offset + pageSize) : "";
    return new JobPage(views, next, page.getTotalElements());
  }

  private JobView view(Job job) {
    return queries.viewOf(job);
  }

  private static long offset(String pageToken) {
    if (pageToken.isEmpty()) {
      return 0;
    }
    try {
      long offset = Long.parseLong(pageToken);
      if (offset >= 0 && offset <= Integer.MAX_VALUE) {
        return offset;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidRequestException("page token '" + pageToken + "' is not one this service handed out");
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
