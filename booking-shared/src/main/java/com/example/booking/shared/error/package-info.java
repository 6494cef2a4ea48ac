/** Refusals with the contract's stable error codes. */
package com.example.booking.shared.error;
