import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { resolveApi } from './api';
import { createStores } from './stores/context.svelte';

const stores = createStores(resolveApi(), {
  languages: navigator.languages.length > 0 ? navigator.languages : [navigator.language],
  colorScheme: window.matchMedia?.('(prefers-color-scheme: dark)') ?? null,
});

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target, props: { stores } });
