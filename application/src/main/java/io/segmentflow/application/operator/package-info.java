/** Operators of the dashboard: signing in, the first operator's account, and managing a workspace's operators. */
package io.segmentflow.application.operator;
