/**
 * The byte-level engine interfaces the platform's workers and the {@link io.gristmill.mapreduce.LocalRunner} both
 * run jobs through, so that a job gives the same output in both. Job authors use {@code io.gristmill.mapreduce}
 * instead; these types may change between releases.
 */
package io.gristmill.mapreduce.runtime;
