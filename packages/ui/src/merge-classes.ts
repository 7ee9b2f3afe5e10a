import { type Config, createTailwindMerge, fromTheme, validators } from "tailwind-merge";

const {
  isAny,
  isArbitraryLength,
  isArbitraryNumber,
  isArbitraryValue,
  isArbitraryVariable,
  isArbitraryVariableLength,
  isArbitraryWeight,
  isFraction,
  isInteger,
  isNumber,
  isTshirtSize,
} = validators;

const spacing = fromTheme("spacing");
const color = fromTheme("color");
const scaleSpacing = (): Scale => [isArbitraryVariable, isArbitraryValue, spacing];
const scaleMargin = (): Scale => ["auto", ...scaleSpacing()];
const scaleInset = (): Scale => [isFraction, "full", "auto", ...scaleSpacing()];
const scaleSizing = (): Scale => [
  isFraction,
  "auto",
  "full",
  "dvw",
  "dvh",
  "lvw",
  "lvh",
  "svw",
  "svh",
  "min",
  "max",
  "fit",
  ...scaleSpacing(),
];
const scaleColor = (): Scale => [color, isArbitraryVariable, isArbitraryValue];
const scaleRadius = (): Scale => ["", "none", "full", fromTheme("radius"), isArbitraryVariable, isArbitraryValue];
const scaleBorderWidth = (): Scale => ["", isNumber, isArbitraryVariableLength, isArbitraryLength];
const sides = (prefix: string) => ["x", "y", "s", "e", "t", "r", "b", "l"].map((side) => `${prefix}${side}`);
type Scale = Config<string, string>["classGroups"][string];
const group = (prefix: string, scale: Scale): Scale => [{ [prefix]: scale }];
/** A group per side (`px`, `pt`, …) with the same scale as the whole (`p`). */
const sided = (prefix: string, scale: () => Scale) =>
  Object.fromEntries([prefix, ...sides(prefix)].map((name) => [name, group(name, scale())]));

/**
 * tailwind-merge with the utility groups the kit's components and pages use — layout, spacing, sizing, typography,
 * colours, borders, radius, shadows, rings, outlines, transitions — instead of its full Tailwind map (~6 KB gzip less on every page).
 * Within these groups it resolves conflicts exactly as `twMerge` does (a test compares them); classes of other groups
 * are kept as given. Extend `classGroups` here when a component starts relying on another group.
 */
export const mergeClasses = createTailwindMerge(() => ({
  cacheSize: 500,
  theme: {
    color: [isAny],
    radius: [isTshirtSize],
    shadow: [isTshirtSize],
    spacing: ["px", isNumber],
    text: [isTshirtSize],
    "font-weight": ["thin", "extralight", "light", "normal", "medium", "semibold", "bold", "extrabold", "black"],
    leading: ["none", "tight", "snug", "normal", "relaxed", "loose"],
  },
  classGroups: {
    display: [
      "block",
      "inline-block",
      "inline",
      "flex",
      "inline-flex",
      "table",
      "table-row",
      "table-cell",
      "grid",
      "inline-grid",
      "contents",
      "hidden",
    ],
    position: ["static", "fixed", "absolute", "relative", "sticky"],
    ...Object.fromEntries(
      ["inset", "inset-x", "inset-y", "top", "right", "bottom", "left"].map((name) => [name, group(name, scaleInset())]),
    ),
    z: group("z", [isInteger, "auto", isArbitraryVariable, isArbitraryValue]),
    "flex-direction": group("flex", ["row", "row-reverse", "col", "col-reverse"]),
    "flex-wrap": group("flex", ["wrap", "wrap-reverse", "nowrap"]),
    flex: group("flex", [isNumber, isFraction, "auto", "initial", "none", isArbitraryValue]),
    "grid-cols": group("grid-cols", [isInteger, "none", "subgrid", isArbitraryVariable, isArbitraryValue]),
    "col-start-end": group("col", [
      "auto",
      { span: ["full", isInteger, isArbitraryVariable, isArbitraryValue] },
      isInteger,
      isArbitraryValue,
    ]),
    gap: group("gap", scaleSpacing()),
    "gap-x": group("gap-x", scaleSpacing()),
    "gap-y": group("gap-y", scaleSpacing()),
    "justify-content": group("justify", ["start", "end", "center", "between", "around", "evenly", "stretch", "baseline", "normal"]),
    "align-items": group("items", ["start", "end", "center", "stretch", "baseline"]),
    ...sided("p", scaleSpacing),
    ...sided("m", scaleMargin),
    "space-x": group("space-x", scaleSpacing()),
    "space-y": group("space-y", scaleSpacing()),
    size: group("size", scaleSizing()),
    w: group("w", ["screen", ...scaleSizing()]),
    "min-w": group("min-w", ["screen", "none", ...scaleSizing()]),
    "max-w": group("max-w", [isTshirtSize, "screen", "none", "prose", ...scaleSizing()]),
    h: group("h", ["screen", "lh", ...scaleSizing()]),
    "min-h": group("min-h", ["screen", "lh", "none", ...scaleSizing()]),
    "max-h": group("max-h", ["screen", "lh", ...scaleSizing()]),
    "font-size": group("text", ["base", fromTheme("text"), isArbitraryVariableLength, isArbitraryLength]),
    "font-weight": group("font", [fromTheme("font-weight"), isArbitraryWeight]),
    leading: group("leading", [fromTheme("leading"), ...scaleSpacing()]),
    "text-alignment": group("text", ["left", "center", "right", "justify", "start", "end"]),
    "text-color": group("text", scaleColor()),
    "text-decoration": ["underline", "overline", "line-through", "no-underline"],
    "underline-offset": group("underline-offset", [isNumber, "auto", isArbitraryVariable, isArbitraryValue]),
    "text-overflow": ["truncate", "text-ellipsis", "text-clip"],
    whitespace: group("whitespace", ["normal", "nowrap", "pre", "pre-line", "pre-wrap", "break-spaces"]),
    "line-clamp": group("line-clamp", [isNumber, "none", isArbitraryVariable, isArbitraryNumber]),
    "bg-color": group("bg", scaleColor()),
    rounded: group("rounded", scaleRadius()),
    ...Object.fromEntries(["t", "r", "b", "l"].map((side) => [`rounded-${side}`, group(`rounded-${side}`, scaleRadius())])),
    "border-w": group("border", scaleBorderWidth()),
    ...Object.fromEntries(["x", "y", "t", "r", "b", "l"].map((side) => [`border-w-${side}`, group(`border-${side}`, scaleBorderWidth())])),
    "border-color": group("border", scaleColor()),
    shadow: group("shadow", ["", "none", fromTheme("shadow"), isArbitraryVariable, isArbitraryValue]),
    "ring-w": group("ring", scaleBorderWidth()),
    "ring-color": group("ring", scaleColor()),
    "ring-offset-w": group("ring-offset", [isNumber, isArbitraryLength]),
    opacity: group("opacity", [isNumber, isArbitraryVariable, isArbitraryValue]),
    overflow: group("overflow", ["auto", "hidden", "clip", "visible", "scroll"]),
    "overflow-x": group("overflow-x", ["auto", "hidden", "clip", "visible", "scroll"]),
    "overflow-y": group("overflow-y", ["auto", "hidden", "clip", "visible", "scroll"]),
    cursor: group("cursor", ["auto", "default", "pointer", "wait", "text", "move", "help", "not-allowed", "none", isArbitraryValue]),
    "pointer-events": group("pointer-events", ["auto", "none"]),
    sr: ["sr-only", "not-sr-only"],
    "translate-x": group("translate-x", [isFraction, "full", ...scaleSpacing()]),
    "translate-y": group("translate-y", [isFraction, "full", ...scaleSpacing()]),
    transition: group("transition", ["", "all", "colors", "opacity", "shadow", "transform", "none", isArbitraryVariable, isArbitraryValue]),
    animate: group("animate", ["none", "spin", "ping", "pulse", "bounce", isArbitraryVariable, isArbitraryValue]),
    accent: group("accent", scaleColor()),
    "vertical-align": group("align", ["baseline", "top", "middle", "bottom", "text-top", "text-bottom", "sub", "super", isArbitraryValue]),
    caption: group("caption", ["top", "bottom"]),
    "outline-style": group("outline", ["solid", "dashed", "dotted", "double", "none", "hidden"]),
    "outline-w": group("outline", ["", isNumber, isArbitraryVariableLength, isArbitraryLength]),
    "outline-color": group("outline", scaleColor()),
  },
  conflictingClassGroups: {
    overflow: ["overflow-x", "overflow-y"],
    "line-clamp": ["display", "overflow"],
    inset: ["inset-x", "inset-y", "top", "right", "bottom", "left"],
    "inset-x": ["right", "left"],
    "inset-y": ["top", "bottom"],
    gap: ["gap-x", "gap-y"],
    p: sides("p"),
    px: ["pr", "pl", "ps", "pe"],
    py: ["pt", "pb"],
    m: sides("m"),
    mx: ["mr", "ml", "ms", "me"],
    my: ["mt", "mb"],
    size: ["w", "h"],
    "font-size": ["leading"],
    rounded: ["rounded-t", "rounded-r", "rounded-b", "rounded-l"],
    "border-w": ["border-w-x", "border-w-y", "border-w-t", "border-w-r", "border-w-b", "border-w-l"],
    "border-w-x": ["border-w-r", "border-w-l"],
    "border-w-y": ["border-w-t", "border-w-b"],
  },
  conflictingClassGroupModifiers: { "font-size": ["leading"] },
  orderSensitiveModifiers: [
    "*",
    "**",
    "after",
    "backdrop",
    "before",
    "file",
    "first-letter",
    "first-line",
    "marker",
    "placeholder",
    "selection",
  ],
}));
