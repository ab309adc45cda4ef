/**
 * Jakarta Batch artifacts of the jobs under {@code META-INF/batch-jobs}, as CDI beans named in their job XML, each a
 * call of a use case. The fan-out job ({@code fan-out.xml}): a partition mapper that splits the audience into ranges
 * of Profile ids, a reader of each range in keyset pages (its checkpoint: the last Profile id read), a writer of each
 * chunk's EmailSends, a last step that marks the carrier sent, a listener that marks it failed, and the start-up check
 * that restarts the jobs a stopped server left unfinished. The Profile import job ({@code profile-import.xml}): a
 * reader of an import's staged rows, a writer of each chunk, a last step that completes the import, a listener that
 * marks it failed.
 */
package io.segmentflow.adapters.in.batch;
