/**
 * Inbound adapter: the dashboard, server-rendered pages under {@code /dashboard} for signed-in operators. Each page is
 * a servlet that calls use cases and renders a Thymeleaf template of {@code resources/dashboard} through
 * {@link io.segmentflow.adapters.in.dashboard.DashboardView}; every form carries the session's
 * {@link io.segmentflow.adapters.in.dashboard.CsrfToken}.
 */
package io.segmentflow.adapters.in.dashboard;
