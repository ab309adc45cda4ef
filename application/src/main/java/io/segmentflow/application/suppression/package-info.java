/** The suppression list as operators manage it: list, look up, add by hand, take off. */
package io.segmentflow.application.suppression;
