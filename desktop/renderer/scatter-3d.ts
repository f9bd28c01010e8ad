/**
 * Interactive efficacy–toxicity–exposure scatter with three.js: one point per virtual patient and
 * regimen — x best % change in tumour size, y ANC nadir (10⁹/L), z drug exposure (AUC, scaled to the
 * largest) — coloured by regimen, with axis labels and a grade-4 plane. Drag to rotate, wheel to zoom.
 * Without WebGL it returns a message and the SVG scatter below still shows the x–y view. A redraw
 * (re-run) can start from the previous camera, so the user's rotation and zoom survive a what-if.
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import type { ScenarioResult } from '../../engine/common/scenario-result.js';
import { ancNadir, efficacyChange, efficacyLabel } from '../../engine/common/report/clinical-views.js';
import { regimenColour } from '../../engine/common/report/palette.js';

/** Scene box: x, y, z each map onto [−1, 1]. */
const X = { lo: -100, hi: 100 };
const Y = { lo: 0, hi: 8 };
const scale = (v: number, r: { lo: number; hi: number }): number => (2 * (Math.min(r.hi, Math.max(r.lo, v)) - r.lo)) / (r.hi - r.lo) - 1;

/** A text sprite `height` world units tall, its canvas sized to the text so nothing is clipped. */
function label(text: string, at: THREE.Vector3, colour = '#222', height = 0.13): THREE.Sprite {
  const font = '40px system-ui, sans-serif';
  const c = document.createElement('canvas');
  const g0 = c.getContext('2d')!;
  g0.font = font;
  c.width = Math.ceil(g0.measureText(text).width) + 16;
  c.height = 56;
  const g = c.getContext('2d')!;
  g.font = font;
  g.fillStyle = colour;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.fillText(text, c.width / 2, c.height / 2);
  const s = new THREE.Sprite(new THREE.SpriteMaterial({ map: new THREE.CanvasTexture(c), depthTest: false }));
  s.scale.set((height * c.width) / c.height, height, 1);
  s.position.copy(at);
  return s;
}

/** Camera position and orbit target, kept across redraws. */
export interface CameraView {
  position: [number, number, number];
  target: [number, number, number];
}

/** What scatter3d drew: a message instead when it could not, the canvas (PNG export) and the current camera. */
export interface Scatter3d {
  message?: string;
  canvas?: HTMLCanvasElement;
  view(): CameraView | undefined;
  dispose(): void;
}

/** Draws into `el` (from `view` when given); call the returned disposer before redrawing. */
export function scatter3d(el: HTMLElement, r: ScenarioResult, width: number, view?: CameraView, maxPoints = 5000): Scatter3d {
  const none = { view: () => view, dispose() {} };
  const eff = r.regimens.map((_, k) => efficacyChange(r, k));
  const tox = r.regimens.map((g) => ancNadir(g));
  const bad = [...eff, ...tox].find((d) => typeof d === 'string');
  if (typeof bad === 'string') { el.replaceChildren(); return { ...none, message: bad }; }
  let renderer: THREE.WebGLRenderer;
  try {
    // preserveDrawingBuffer: the PNG export reads the canvas after the frame was shown.
    renderer = new THREE.WebGLRenderer({ antialias: true, preserveDrawingBuffer: true });
  } catch {
    el.replaceChildren();
    return { ...none, message: 'WebGL is not available here; the 2-D scatter below shows efficacy against toxicity' };
  }
  const height = 440;
  renderer.setSize(width, height);
  renderer.setClearColor('#ffffff');
  const scene = new THREE.Scene();
  const camera = new THREE.PerspectiveCamera(40, width / height, 0.1, 100);
  camera.position.set(...(view?.position ?? [2.6, 1.5, 3.9]));
  const auc = r.regimens.map((g) => g.raw.summaries.auc);
  let aucMax = 0;
  for (const a of auc) if (a) for (const v of a) if (Number.isFinite(v)) aucMax = Math.max(aucMax, v);
  r.regimens.forEach((_, k) => {
    const x = eff[k] as Float64Array;
    const y = tox[k] as Float64Array;
    const z = auc[k];
    const stride = Math.max(1, Math.ceil(x.length / maxPoints));
    const pos: number[] = [];
    for (let i = 0; i < x.length; i += stride) {
      if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) continue;
      pos.push(scale(x[i], X), scale(y[i], Y), z && aucMax > 0 ? scale(z[i], { lo: 0, hi: aucMax }) : 0);
    }
    const geo = new THREE.BufferGeometry();
    geo.setAttribute('position', new THREE.Float32BufferAttribute(pos, 3));
    scene.add(new THREE.Points(geo, new THREE.PointsMaterial({ color: regimenColour(k), size: 0.05 })));
  });
  scene.add(new THREE.LineSegments(new THREE.EdgesGeometry(new THREE.BoxGeometry(2, 2, 2)), new THREE.LineBasicMaterial({ color: '#999' })));
  const g4 = new THREE.Mesh(new THREE.PlaneGeometry(2, 2), new THREE.MeshBasicMaterial({ color: '#a33', transparent: true, opacity: 0.12, side: THREE.DoubleSide }));
  g4.rotation.x = Math.PI / 2;
  g4.position.y = scale(0.5, Y);
  scene.add(g4);
  scene.add(
    label(`${efficacyLabel(r)}  −100 → +100`, new THREE.Vector3(0, -1.12, 1.15)),
    label('ANC nadir (×10⁹/L)  0 → 8', new THREE.Vector3(-1.5, 0, 1.1)),
    label(auc.every(Boolean) ? 'Exposure: AUC (0 → max)' : 'no AUC summary', new THREE.Vector3(1.3, -1.2, 0)),
    label('CTCAE grade 4 (< 0.5)', new THREE.Vector3(1.0, scale(0.5, Y) + 0.08, -1), '#a33'),
  );
  const controls = new OrbitControls(camera, renderer.domElement);
  if (view) controls.target.set(...view.target);
  controls.addEventListener('change', () => renderer.render(scene, camera));
  controls.update();
  renderer.render(scene, camera);
  const legend = document.createElement('div');
  legend.className = 'legend';
  legend.append(...r.regimens.map((g, k) => {
    const item = document.createElement('span');
    const sw = document.createElement('i');
    sw.style.background = regimenColour(k);
    item.append(sw, g.name);
    return item;
  }));
  // Swap old for new in one step, so a re-run never shows an empty slot.
  el.replaceChildren(renderer.domElement, legend);
  return {
    canvas: renderer.domElement,
    view: () => ({ position: camera.position.toArray() as [number, number, number], target: controls.target.toArray() as [number, number, number] }),
    dispose() {
      controls.dispose();
      renderer.dispose();
    },
  };
}
