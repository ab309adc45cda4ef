/** Outbound adapter: operators' password hashes (PBKDF2 from the JDK). */
package io.segmentflow.adapters.out.password;
