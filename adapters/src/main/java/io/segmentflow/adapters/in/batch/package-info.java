/**
 * The fan-out batch job's artifacts (job XML {@code META-INF/batch-jobs/fan-out.xml}), as CDI beans named in it: a
 * partition mapper that splits the audience into ranges of Profile ids, a reader of each range in keyset pages
 * (its checkpoint: the last Profile id read), a writer of each chunk's EmailSends, a last step that marks the carrier
 * sent, a listener that marks it failed, and the start-up check that restarts the jobs a stopped server left
 * unfinished. Each calls the fan-out use case only.
 */
package io.segmentflow.adapters.in.batch;
