/** Workspaces: the tenants that scope every other aggregate. */
package io.segmentflow.domain.workspace;
