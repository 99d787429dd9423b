// Each environment has a colour that marks the header and its name wherever a change is made,
// so that a change in Test can never be mistaken for one in Productie. A fixed palette: every
// colour carries white text at WCAG AA contrast, and the class names are written out in full
// so Tailwind finds them in the source.

export const ENVIRONMENT_COLOURS = ["red", "orange", "green", "teal", "blue", "purple", "slate"] as const;
export type EnvironmentColour = (typeof ENVIRONMENT_COLOURS)[number];

/** A stored colour as one of the palette's (the column is text; an unknown value reads as blue). */
export function colourOf(value: string): EnvironmentColour {
  return (ENVIRONMENT_COLOURS as readonly string[]).includes(value) ? (value as EnvironmentColour) : "blue";
}

/** Productie red (take care), Test green; any other environment blue, as the portal was. */
export function defaultColourOf(name: string): EnvironmentColour {
  const n = name.trim().toLowerCase();
  if (n === "productie" || n === "production") return "red";
  if (n === "test") return "green";
  return "blue";
}

const HEADER: Record<EnvironmentColour, string> = {
  red: "bg-red-800",
  orange: "bg-orange-800",
  green: "bg-green-800",
  teal: "bg-teal-800",
  blue: "bg-blue-800",
  purple: "bg-purple-800",
  slate: "bg-slate-700",
};

/** The header's background in this environment. */
export function headerClass(colour: EnvironmentColour): string {
  return HEADER[colour];
}

/** The environment's name as a tag: its colour, white text. */
export function tagClass(colour: EnvironmentColour): string {
  return `${HEADER[colour]} text-white`;
}
