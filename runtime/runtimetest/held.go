package runtimetest

// HeldSequence is a campaign named held whose first InMail needs the lead's company
// (a lead without one has that step held); its second comes a month later.
const HeldSequence = `name: held
steps:
  - id: hello
    inmail: {subject: "A question", body: "Hi {{first_name}}, how is {{company}} doing?"}
  - id: later
    delay: 30d
    inmail: {subject: "Again", body: "Still there, {{first_name}}?"}
`
