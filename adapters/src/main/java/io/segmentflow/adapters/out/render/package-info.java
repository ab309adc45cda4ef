/** The rendering adapter: customer templates on Thymeleaf, with an expression language that resolves only paths into template state. */
package io.segmentflow.adapters.out.render;
