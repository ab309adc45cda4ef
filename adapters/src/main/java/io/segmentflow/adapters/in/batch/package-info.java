/**
 * Jakarta Batch artifacts of the jobs under {@code META-INF/batch-jobs}, as CDI beans named in the job XML: an inbound
 * adapter like a resource, each step a call of a use case.
 * <ul>
 *   <li>{@code fan-out.xml}: a partition mapper that splits a carrier's audience into ranges of Profile ids, a reader
 *       of each range in keyset pages (its checkpoint: the last Profile id read), a writer of each chunk's
 *       EmailSends, a last step that marks the carrier sent, a listener that marks it failed, and the start-up check
 *       that restarts the jobs a stopped server left unfinished;</li>
 *   <li>the Profile import job: reads an upload's staged rows a chunk at a time and imports them.</li>
 * </ul>
 */
package io.segmentflow.adapters.in.batch;
