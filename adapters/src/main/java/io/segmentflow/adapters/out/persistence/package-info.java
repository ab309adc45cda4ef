/**
 * The persistence adapter: JPA (EclipseLink) entities and the stores that implement the outbound
 * ports, plus the versioned schema migrations. Entities never leave this package.
 */
package io.segmentflow.adapters.out.persistence;
