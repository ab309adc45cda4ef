/** Profiles as their owners manage them, and the upsert of the requests that name a person. */
package io.segmentflow.application.profile;
