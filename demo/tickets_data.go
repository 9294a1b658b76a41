package demo

// demoTicket is one of the demo's requests and what happened to it since:
// who raised it, when, and each reply, note, status change, quote and
// answer after, oldest first. The work (assignee, contractor, visit) is
// set at the end, as the desk's screens would have set it.
type demoTicket struct {
	unit     string // the home it is about; "" for a communal one staff raised
	communal bool   // the problem is in a communal area
	staff    string // who on staff raised it; "" when the home's resident did
	cat      string
	title    string
	desc     string
	priority string
	photo    string // what the resident photographed, if anything
	raised   when
	steps    []step
	work     work
}

// when is a moment days before today, at a time of day in minutes.
type when struct{ days, minute int }

// at is days before today at hh:mm.
func at(days, hh, mm int) when { return when{days, hh*60 + mm} }

// step is one thing that happened to a ticket. who is "resident" (the
// person who raised it), "owner" (the let home's landlord) or a member
// of staff: priya, daniel or rosa.
type step struct {
	at      when
	who     string
	say     string // a message in the thread
	note    bool   // the message is an internal note
	photo   string // a photo with the message
	status  string // the status staff move it to
	confirm bool   // the resident confirms it is fixed
	quote   *demoQuote
	approve *bool // the owner's answer to the pending quote
	comment string
}

// demoQuote is a contractor's quote sent to the owner.
type demoQuote struct {
	supplier, ref string
	lines         []quoteLine
}

// work is who the ticket is assigned to and the contractor's visit.
type work struct {
	assignee   string
	contractor string
	visit      int // days from today
	from, to   string
}

var yes, no = true, false

// demoTickets are the demo's requests: a few dozen across Harbour View and
// the lettings portfolio, in every status and priority.
var demoTickets = []demoTicket{
	// Harbour View.
	{unit: "Flat 12", cat: "Leak or flood", priority: "high", photo: photoDamp, raised: at(9, 19, 42),
		title: "Damp patch spreading on the bedroom ceiling",
		desc:  "There is a damp patch on the ceiling above the bed, about the size of a dinner plate. It has grown over the last week and the paint is starting to bubble. It is worse after rain.",
		steps: []step{
			{at: at(8, 9, 15), who: "daniel", say: "Thank you for the photo, Amara. Damp in that corner usually comes from the flat above or the roof outlet. We are arranging for someone to look at both."},
			{at: at(8, 9, 20), who: "daniel", note: true, say: "Flat 17 above is sublet. Contact the tenant through the leaseholder before booking any access."},
			{at: at(6, 11, 5), who: "daniel", say: "The roofer found the outlet clear. Could you send another photo this week, so we can see whether the patch has grown since you first reported it?", status: "awaiting_resident"},
		},
		work: work{assignee: "daniel"}},
	{unit: "Flat 12", cat: "Electrics", priority: "low", raised: at(26, 8, 10),
		title: "Bathroom extractor fan not working",
		desc:  "The extractor fan in the bathroom has stopped. The light works but the fan does not start, so the mirror stays steamed up for ages.",
		steps: []step{
			{at: at(25, 10, 0), who: "rosa", say: "We have asked Brightwire Electrical to replace the fan. They will contact you to arrange a time.", status: "in_progress"},
			{at: at(24, 18, 30), who: "resident", say: "Thanks. Any weekday morning is fine, I work from home."},
			{at: at(4, 15, 45), who: "rosa", say: "Brightwire fitted a new fan this afternoon. Please let us know if it is not working properly.", status: "resolved"},
		},
		work: work{assignee: "rosa", contractor: "Brightwire Electrical", visit: -4, from: "13:00", to: "17:00"}},
	{staff: "daniel", communal: true, cat: "Lift", priority: "urgent", raised: at(0, 7, 50),
		title: "Lift stuck between the third and fourth floors",
		desc:  "Reported by phone at 7:40 by a resident. The lift stopped between floors 3 and 4 with no one inside. The alarm has been reset; the lift is out of service.",
		steps: []step{
			{at: at(0, 8, 5), who: "daniel", note: true, say: "Apex engineer on site by 14:00. Notice put up in the lobby and on the lift doors.", status: "in_progress"},
		},
		work: work{assignee: "daniel", contractor: "Apex Lift Services", visit: 0, from: "14:00", to: "18:00"}},
	{unit: "Flat 3", cat: "Door entry and security", priority: "normal", raised: at(4, 20, 12),
		title: "Door entry buzzer not ringing",
		desc:  "When visitors press our number at the front door, nothing rings in the flat. Deliveries have been left outside twice."},
	{unit: "Flat 8", cat: "Pests", priority: "high", raised: at(11, 7, 35),
		title: "Mouse droppings in the kitchen cupboards",
		desc:  "We have found mouse droppings in two kitchen cupboards and under the sink. We think they are getting in behind the boiler pipes.",
		steps: []step{
			{at: at(10, 9, 30), who: "rosa", say: "Sorry to hear this. Citywide Pest Control will survey the flat and the bin store, and treat both.", status: "in_progress"},
			{at: at(7, 16, 0), who: "resident", say: "They came and put down bait boxes. We still hear scratching at night."},
			{at: at(7, 16, 40), who: "rosa", say: "Thank you. We have booked a second visit to seal the gaps around the pipes."},
		},
		work: work{assignee: "rosa", contractor: "Citywide Pest Control", visit: 2, from: "08:00", to: "12:00"}},
	{unit: "Flat 5", communal: true, cat: "Lighting in communal areas", priority: "normal", raised: at(2, 21, 3),
		title: "Hallway light out on the second floor",
		desc:  "The ceiling light outside flats 5 to 8 is out. The corridor is completely dark in the evening."},
	{unit: "Flat 22", communal: true, cat: "Door entry and security", priority: "normal", raised: at(35, 18, 20),
		title: "Bike store lock broken",
		desc:  "The key turns but the bike store door does not lock. Anyone can open it.",
		steps: []step{
			{at: at(34, 9, 0), who: "rosa", status: "in_progress", say: "We have ordered a replacement lock."},
			{at: at(30, 14, 10), who: "rosa", say: "The new lock is fitted. Residents with a bike store key can collect a new one from the concierge.", status: "resolved"},
		},
		work: work{assignee: "rosa"}},
	{unit: "Flat 14", cat: "Noise or neighbours", priority: "low", raised: at(20, 23, 40),
		title: "Loud music late at night from the flat above",
		desc:  "For the last three weekends there has been loud music until 2 or 3 in the morning from the flat above us.",
		steps: []step{
			{at: at(19, 10, 0), who: "priya", say: "Thank you for telling us. We will write to the flat concerned. It would help to keep a note of dates and times."},
			{at: at(12, 8, 50), who: "resident", say: "It happened again on Friday and Saturday, until about 2:30."},
			{at: at(11, 12, 0), who: "priya", say: "We have written a second time. Could you fill in the noise diary we emailed you and send it back over the next two weeks?", status: "awaiting_resident"},
		},
		work: work{assignee: "priya"}},
	{staff: "rosa", communal: true, cat: "Rubbish and recycling", priority: "high", raised: at(6, 8, 0),
		title: "Bin store overflowing after a missed collection",
		desc:  "The council missed Tuesday's collection. Bags are piled outside the bin store and attracting foxes.",
		steps: []step{
			{at: at(6, 8, 30), who: "rosa", note: true, say: "Council reference BRS-448120. Extra collection promised for Thursday.", status: "in_progress"},
			{at: at(2, 11, 0), who: "rosa", say: "The bins were emptied and the area around the store cleaned.", status: "resolved"},
		},
		work: work{assignee: "rosa"}},
	{unit: "Flat 27", cat: "Other", priority: "normal", photo: photoTile, raised: at(15, 17, 25),
		title: "Cracked tile in the shower",
		desc:  "A wall tile in the shower has cracked right across. Water might be getting behind it.",
		steps: []step{
			{at: at(14, 10, 15), who: "rosa", say: "Thank you. Please avoid spraying water on that wall until it is fixed. Harbour Tiling will replace the tile and regrout around it.", status: "in_progress"},
		},
		work: work{assignee: "rosa", contractor: "Harbour Tiling & Grout", visit: 5, from: "09:00", to: "13:00"}},
	{unit: "Flat 17", cat: "Heating or hot water", priority: "normal", raised: at(50, 9, 0),
		title: "Radiator in the living room cold at the top",
		desc:  "The living room radiator is warm at the bottom but cold at the top.",
		steps: []step{
			{at: at(49, 9, 40), who: "daniel", say: "That usually means it needs bleeding. The heating engineer will call on Thursday.", status: "in_progress"},
			{at: at(45, 15, 0), who: "daniel", say: "The engineer bled all the radiators and topped up the pressure.", status: "resolved"},
			{at: at(44, 19, 12), who: "resident", confirm: true},
		},
		work: work{assignee: "daniel", contractor: "Severn Heating Services", visit: -45, from: "12:00", to: "16:00"}},
	{unit: "Flat 25", cat: "Leak or flood", priority: "urgent", photo: photoStain, raised: at(60, 6, 55),
		title: "Water coming through the kitchen ceiling",
		desc:  "Water is dripping through the kitchen ceiling light. We have turned the electrics off in the kitchen.",
		steps: []step{
			{at: at(60, 7, 20), who: "daniel", say: "An emergency plumber is on the way. Keep the kitchen electrics off until they have checked the light.", status: "in_progress"},
			{at: at(60, 7, 25), who: "daniel", note: true, say: "Leak traced to a failed washing machine hose in Flat 28. Their insurer has been told."},
			{at: at(57, 16, 30), who: "daniel", say: "The leak is fixed and the electrician has passed the light as safe. The ceiling will be repainted once it has dried out.", status: "resolved"},
		},
		work: work{assignee: "daniel", contractor: "Rapid Response Plumbing", visit: -60, from: "08:00", to: "10:00"}},
	{unit: "Flat 9", cat: "Parking", priority: "low", raised: at(18, 12, 5),
		title: "Visitor's van parked in my space",
		desc:  "A white van has been parked in space 9 for three days.",
		steps: []step{
			{at: at(17, 9, 30), who: "priya", say: "The van belongs to contractors working on Flat 11 and has now been moved. We have reminded them to use the visitor bays.", status: "closed"},
		},
		work: work{assignee: "priya"}},
	{unit: "Flat 1", communal: true, cat: "Communal cleaning", priority: "normal", raised: at(3, 13, 30),
		title: "Stairwell dusty after the building works",
		desc:  "The stairwell from the ground to the first floor is covered in plaster dust since the works on the lobby.",
		steps: []step{
			{at: at(2, 9, 0), who: "rosa", say: "The cleaners will do a deep clean of the stairwell on their next visit.", status: "in_progress"},
		},
		work: work{assignee: "rosa"}},
	{unit: "Flat 19", cat: "Other", priority: "low", raised: at(1, 18, 45),
		title: "Window seal letting in a draught",
		desc:  "The rubber seal on the bedroom window has come away at the bottom corner and there is a cold draught."},
	{unit: "Flat 20", communal: true, cat: "Lift", priority: "normal", raised: at(0, 8, 20),
		title: "Lift not working",
		desc:  "The lift is not coming when called.",
		steps: []step{
			{at: at(0, 8, 40), who: "daniel", say: "Thank you. We know about the lift and an engineer is coming today; follow the updates on the notice in the lobby.", status: "closed"},
			{at: at(0, 8, 41), who: "daniel", note: true, say: "Same fault as the lift ticket raised this morning."},
		}},
	{staff: "daniel", communal: true, cat: "Door entry and security", priority: "high", raised: at(8, 10, 0),
		title: "Fire door closer failing on level 2",
		desc:  "Found at the annual fire door inspection: the closer on the level 2 landing door does not pull the door shut.",
		steps: []step{
			{at: at(8, 10, 5), who: "daniel", status: "in_progress", say: "Keystone Fire Safety will replace the closer."},
		},
		work: work{assignee: "daniel", contractor: "Keystone Fire Safety", visit: 1, from: "10:00", to: "12:00"}},

	// The lettings portfolio.
	{unit: "12 Albion Road", cat: "Heating or hot water", priority: "high", raised: at(5, 7, 15),
		title: "Boiler losing pressure every morning",
		desc:  "Every morning the boiler pressure is down to almost zero and there is no hot water until I top it up. There is a small puddle under the boiler.",
		steps: []step{
			{at: at(4, 11, 0), who: "daniel", say: "Thank you. Swift Plumbing checked the boiler: the expansion vessel has failed. We have sent their quote to your landlord to approve. Until then, topping up the pressure each morning is safe."},
			{at: at(2, 16, 20), who: "daniel", quote: &demoQuote{supplier: "Swift Plumbing & Heating", ref: "Q-1042", lines: []quoteLine{
				{"Replace the boiler's expansion vessel", 32000}, {"Pressure relief valve and system flush", 8417}, {"VAT at 20%", 8083}}}},
		},
		work: work{assignee: "daniel"}},
	{unit: "23 Carleton Mews", cat: "Other", priority: "normal", photo: photoDamp, raised: at(16, 19, 0),
		title: "Back door frame rotten at the bottom",
		desc:  "The bottom of the back door frame is soft and crumbling, and the door no longer locks properly.",
		steps: []step{
			{at: at(13, 10, 30), who: "daniel", quote: &demoQuote{supplier: "Northside Joinery", ref: "NJ-2291", lines: []quoteLine{
				{"Replace the back door frame in treated softwood", 78000}, {"Refit the door, new lock and threshold", 25333}, {"VAT at 20%", 20667}}}},
			{at: at(11, 8, 5), who: "owner", approve: &yes, comment: "Please go ahead, and use hardwood if the price is the same."},
			{at: at(10, 14, 0), who: "daniel", say: "Your landlord has approved the repair. Northside Joinery will contact you to arrange the work."},
		},
		work: work{assignee: "daniel", contractor: "Northside Joinery", visit: 4, from: "08:00", to: "16:00"}},
	{unit: "Flat 2, 48 Blackstock Road", cat: "Leak or flood", priority: "high", photo: photoTile, raised: at(7, 22, 10),
		title: "Shower tray cracked and leaking",
		desc:  "The shower tray has a crack near the drain and water is getting under the bath panel.",
		steps: []step{
			{at: at(6, 9, 45), who: "rosa", say: "Thank you, Jamal. Please use the bath rather than the shower for now.", status: "in_progress"},
			{at: at(5, 12, 0), who: "rosa", say: "The plumber needs two hours in the flat. Which mornings next week can you give us access?", status: "awaiting_resident"},
		},
		work: work{assignee: "rosa", contractor: "Swift Plumbing & Heating"}},
	{unit: "Flat 2, 48 Blackstock Road", cat: "Electrics", priority: "urgent", raised: at(30, 23, 5),
		title: "Smoke alarm beeping in the hallway",
		desc:  "The hallway smoke alarm chirps every minute. It is mains powered and I cannot reach it.",
		steps: []step{
			{at: at(29, 8, 30), who: "rosa", say: "An electrician will replace the alarm this morning.", status: "in_progress"},
			{at: at(29, 13, 10), who: "rosa", say: "The smoke alarm has been replaced and tested.", status: "resolved"},
			{at: at(28, 18, 0), who: "resident", confirm: true},
		},
		work: work{assignee: "rosa", contractor: "Brightwire Electrical", visit: -29, from: "09:00", to: "12:00"}},
	{unit: "Flat B, 91 Hornsey Road", cat: "Leak or flood", priority: "normal", photo: photoDamp, raised: at(3, 8, 40),
		title: "Black mould around the bedroom window",
		desc:  "Black mould keeps coming back around the bedroom window and on the wall behind the wardrobe, even though I wipe it every week."},
	{unit: "Flat 4, 15 Canonbury Lane", cat: "Other", priority: "normal", raised: at(12, 17, 50),
		title: "Washing machine not draining",
		desc:  "The washing machine supplied with the flat stops with water in the drum and an error light.",
		steps: []step{
			{at: at(11, 9, 0), who: "rosa", say: "An appliance engineer will visit.", status: "in_progress"},
			{at: at(6, 15, 30), who: "rosa", say: "The engineer cleared a blocked pump filter. The machine is working again.", status: "resolved"},
		},
		work: work{assignee: "rosa", contractor: "Appliance Doctor", visit: -6, from: "12:00", to: "16:00"}},
	{unit: "31 Halliford Street", cat: "Other", priority: "low", raised: at(22, 10, 20),
		title: "Garden fence panel blown down",
		desc:  "One of the fence panels at the end of the garden blew down in the storm.",
		steps: []step{
			{at: at(21, 11, 0), who: "priya", say: "Green Lane Fencing will replace the panel.", status: "in_progress"},
		},
		work: work{assignee: "priya", contractor: "Green Lane Fencing", visit: 6, from: "08:00", to: "12:00"}},
	{unit: "Flat 1, 62 Stroud Green Road", cat: "Heating or hot water", priority: "urgent", raised: at(1, 6, 30),
		title: "No hot water",
		desc:  "There has been no hot water since last night. The boiler shows fault F28.",
		steps: []step{
			{at: at(1, 8, 15), who: "daniel", say: "F28 is an ignition fault. Swift Plumbing will come tomorrow between 12 and 4, the first slot they have.", status: "in_progress"},
			{at: at(1, 8, 20), who: "daniel", note: true, say: "Boiler installed 2016; check with the landlord about replacement if the part is obsolete."},
		},
		work: work{assignee: "daniel", contractor: "Swift Plumbing & Heating", visit: 0, from: "12:00", to: "16:00"}},
	{unit: "5 Dartmouth Grove", cat: "Pests", priority: "low", raised: at(40, 20, 0),
		title: "Slugs coming in under the back door",
		desc:  "Slugs get into the kitchen overnight under the back door.",
		steps: []step{
			{at: at(38, 10, 0), who: "rosa", say: "A handyman will fit a new brush strip to the bottom of the door.", status: "in_progress"},
			{at: at(36, 14, 0), who: "rosa", say: "The new door strip is fitted.", status: "resolved"},
		},
		work: work{assignee: "rosa"}},
	{unit: "Flat C, 18 Yerbury Road", cat: "Door entry and security", priority: "low", raised: at(0, 7, 5),
		title: "Intercom handset cracked",
		desc:  "The intercom handset in the hall is cracked and rattles, though it still works."},
	{unit: "40 Brownswood Road", cat: "Other", priority: "low", raised: at(25, 12, 40),
		title: "Copy of the gas safety certificate",
		desc:  "Could I have a copy of this year's gas safety certificate?",
		steps: []step{
			{at: at(25, 15, 0), who: "priya", say: "We have emailed you this year's certificate. It is also on your documents page.", status: "closed"},
		}},
	{unit: "9 Wilberforce Mews", cat: "Other", priority: "normal", photo: photoTile, raised: at(9, 18, 35),
		title: "Bathroom tiles loose above the bath",
		desc:  "Three tiles above the bath are loose and one has fallen off.",
		steps: []step{
			{at: at(8, 10, 0), who: "rosa", say: "Harbour Tiling's London team will refix them.", status: "in_progress"},
			{at: at(6, 19, 30), who: "resident", say: "Another one came off this morning, photo attached.", photo: photoTile},
			{at: at(3, 16, 0), who: "rosa", say: "The tiles have been refixed and regrouted.", status: "resolved"},
		},
		work: work{assignee: "rosa", contractor: "Harbour Tiling & Grout", visit: -3, from: "09:00", to: "13:00"}},
	{staff: "rosa", unit: "7 Ashcombe Terrace", cat: "Electrics", priority: "high", raised: at(10, 9, 0),
		title: "Void check: replace hallway smoke alarm before re-letting",
		desc:  "Found at the check-out inspection: the hallway smoke alarm is past its replacement date. It must be replaced before the next tenancy starts.",
		steps: []step{
			{at: at(10, 9, 5), who: "rosa", status: "in_progress", note: true, say: "Keys with the office. Electrician to collect."},
		},
		work: work{assignee: "rosa", contractor: "Brightwire Electrical"}},
	{unit: "Flat B, 91 Hornsey Road", cat: "Leak or flood", priority: "low", raised: at(14, 9, 25),
		title: "Kitchen tap dripping",
		desc:  "The cold kitchen tap drips constantly even when turned off hard.",
		steps: []step{
			{at: at(13, 11, 0), who: "rosa", say: "Is it the tap itself or the pipe under the sink? A photo of where the water comes from would help.", status: "awaiting_resident"},
		}},
}
