/** What every aggregate shares: refusals of bad values and of illegal transitions, and the id generator. */
package io.segmentflow.domain.shared;
