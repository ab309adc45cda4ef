/**
 * The persistence adapter: the stores that implement the outbound ports, and the versioned schema migrations. Each
 * table is written one way, through one mapper: a JPA (EclipseLink) entity, or, for the tables the hot paths write in
 * JDBC batches, a row class whose {@link io.segmentflow.adapters.out.persistence.RowBinder} lists the columns once.
 * Entities and rows never leave this package.
 */
package io.segmentflow.adapters.out.persistence;
