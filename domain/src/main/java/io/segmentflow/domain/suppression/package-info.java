/** The suppression list: addresses a workspace must never mail again, and why. */
package io.segmentflow.domain.suppression;
