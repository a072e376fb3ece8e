/** The node status table (ready/down, CPU, memory, disk per machine) from the projected metric samples. */
package io.plumbline.status.nodes;
