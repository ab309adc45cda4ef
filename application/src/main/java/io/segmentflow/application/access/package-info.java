/** Who may call: API-key authentication, scopes, keys and workspaces. */
package io.segmentflow.application.access;
