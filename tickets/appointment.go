package tickets

import (
	"strings"
	"time"
)

// Appointment is when a contractor is booked to call: a date, and the
// window of hours when known ("08:00" to "12:00").
type Appointment struct {
	Date     time.Time // zero when nothing is booked
	From, To string    // "15:04", either may be empty
}

// Booked reports whether there is an appointment.
func (a Appointment) Booked() bool { return !a.Date.IsZero() }

// String is the appointment as the resident reads it: "Tue 14 Jan,
// 8:00–12:00", "Tue 14 Jan, from 8:00", or "Tue 14 Jan".
func (a Appointment) String() string {
	if !a.Booked() {
		return ""
	}
	s := a.Date.Format("Mon 2 Jan 2006")
	from, to := hour(a.From), hour(a.To)
	switch {
	case from != "" && to != "":
		s += ", " + from + "–" + to
	case from != "":
		s += ", from " + from
	case to != "":
		s += ", by " + to
	}
	return s
}

// hour drops a leading zero: "08:00" is "8:00".
func hour(hm string) string {
	if strings.HasPrefix(hm, "0") && len(hm) == 5 {
		return hm[1:]
	}
	return hm
}
