/** Live changes the read side announces: seat changes, hold expiries, booking notices. */
package com.example.booking.shared.live;
