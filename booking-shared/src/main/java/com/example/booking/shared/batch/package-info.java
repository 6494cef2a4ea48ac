/** Group commit: several commands of one trip decided in one unit of work and stored in one append. */
package com.example.booking.shared.batch;
