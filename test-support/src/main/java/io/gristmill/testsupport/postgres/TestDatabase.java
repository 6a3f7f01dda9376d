package io.gristmill.testsupport.postgres;

/** Connection details of a fresh database that belongs to one test suite. */
public record TestDatabase(String name, String jdbcUrl, String username, String password) {}
