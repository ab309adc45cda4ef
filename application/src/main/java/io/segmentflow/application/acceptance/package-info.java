/** Accepting concurrent requests together: one transaction for a group, each caller answered after its commit. */
package io.segmentflow.application.acceptance;
