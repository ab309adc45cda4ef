/**
 * Jakarta Batch artifacts (readers, writers, batchlets, listeners) of the jobs under {@code META-INF/batch-jobs}: an
 * inbound adapter like a resource, each step a call of a use case.
 */
package io.segmentflow.adapters.in.batch;
