// The dependency graph of the ops board: one node per feature, coloured by health, an edge from each feature to
// what it depends on, laid out top-down by dagre. Loaded on demand by the ops page only.
import cytoscape from "cytoscape";
import dagre from "cytoscape-dagre";
import { OpsFlag } from "./model";

cytoscape.use(dagre);

const Colours = { healthy: "#137333", warning: "#b26a00", blocked: "#b3261e" } as const;

let graph: cytoscape.Core | null = null;
let shape = "";

export function drawGraph(container: HTMLElement, flags: OpsFlag[]): void {
  const ids = new Set(flags.map((f) => f.id));
  const nodes = flags.map((f) => ({ data: { id: f.id, label: f.id, health: f.health, colour: Colours[f.health] } }));
  // A dependency on a feature that does not exist has no node to point at; the flag's row says so.
  const edges = flags.flatMap((f) => f.dependencies.filter((d) => ids.has(d)).map((d) => ({ data: { id: `${f.id}->${d}`, source: f.id, target: d } })));
  container.dataset["nodes"] = String(nodes.length);
  container.dataset["edges"] = String(edges.length);
  container.dataset["nodeIds"] = flags.map((f) => f.id).join(" ");

  // Same nodes and edges: only the colours may have changed, so keep the layout (and the user's zoom) as it is.
  const next = JSON.stringify([nodes.map((n) => n.data.id), edges.map((e) => e.data.id)]);
  if (graph && next === shape) {
    for (const node of nodes) graph.getElementById(node.data.id).data(node.data);
    return;
  }

  shape = next;
  graph?.destroy();
  graph = cytoscape({
    container,
    elements: [...nodes, ...edges],
    wheelSensitivity: 0.3,
    // A small graph fitted to a wide box would be drawn huge, its labels running into each other.
    maxZoom: 1.5,
    style: [
      { selector: "node", style: { "background-color": "data(colour)", label: "data(label)", color: "#1b2430", "font-size": 11, "text-valign": "bottom", "text-margin-y": 4 } },
      { selector: "edge", style: { width: 1.5, "line-color": "#8a94a3", "target-arrow-color": "#8a94a3", "target-arrow-shape": "triangle", "curve-style": "bezier" } },
    ],
    // Labels are feature ids, wider than their nodes: dagre spaces nodes by their labels so none overlap.
    layout: { name: "dagre", rankDir: "TB", nodeSep: 24, rankSep: 50, nodeDimensionsIncludeLabels: true, padding: 20 } as cytoscape.LayoutOptions,
  });
}
