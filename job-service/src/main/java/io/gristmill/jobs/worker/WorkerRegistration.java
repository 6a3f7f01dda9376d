package io.gristmill.jobs.worker;

/**
 * What a worker announces about itself.
 *
 * @param host host name, for people reading the worker list and for locality
 * @param pid process id on that host
 * @param slots tasks the worker runs at once
 * @param shuffleAddress host:port where reducers fetch this worker's map outputs
 * @param requestId chosen by the worker once per registration and repeated on retries of it
 */
public record WorkerRegistration(String host, long pid, int slots, String shuffleAddress, String requestId) {}
