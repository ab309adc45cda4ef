/**
 * Operators: the people who sign in to the dashboard, each with a role in the workspaces they work in, and the rules
 * of who may do what there.
 */
package io.segmentflow.domain.operator;
