/** Holding and releasing seats, and holds running out. */
package com.example.booking.shared.hold;
