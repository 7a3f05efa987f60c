{% load static %}import { initAll } from "{% static 'vendor/govuk-frontend/govuk-frontend.min.js' %}";
import { initAll as initMojFrontend } from "{% static 'vendor/moj-frontend/moj-frontend.min.js' %}";
initAll();
initMojFrontend();
