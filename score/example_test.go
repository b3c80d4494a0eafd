package score_test

import (
	"fmt"

	"github.com/paceline/paceline"
	"github.com/paceline/paceline/score"
)

// ExampleRules_Score scores a lead against a small ruleset and prints the explanation.
func ExampleRules_Score() {
	rules, err := score.Parse([]byte(`
base: 10
seniority: {vp: 25, director: 15}
department: {sales: 15}
title_keywords: {revenue: 5}
company_size: {"51-200": 15, "201+": 5}
signals: {open_profile: 10}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	l := &paceline.Lead{Title: "VP Revenue", Seniority: paceline.SeniorityVP, Department: "sales",
		EmployeesMin: 51, EmployeesMax: 200, OpenProfile: true}
	s, why := rules.Score(l)
	fmt.Println("score", s)
	for _, c := range why {
		fmt.Printf("%+g %s: %s\n", c.Points, c.Rule, c.Why)
	}
	// Output:
	// score 80
	// +10 base: every lead starts here
	// +25 seniority:vp: seniority is vp
	// +15 department:sales: department is sales
	// +5 title_keywords:revenue: title mentions "revenue"
	// +15 company_size:51-200: company has 51-200 employees
	// +10 signals:open_profile: Open Profile: messages cost no InMail credit
}
